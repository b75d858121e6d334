import { CanActivate, ExecutionContext, Inject, Injectable, OnModuleInit, Type } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { canSomewhere } from '../authz/authorizer';
import { ALLOW_DURING_PASSWORD_RESET_KEY, AUTHORIZE_KEY } from '../authz/authorize.decorator';
import { AuthzError } from '../authz/authz.errors';
import type { Action } from '../authz/permissions';
import type { Principal } from '../authz/principal';
import { IS_PUBLIC_KEY } from './public.decorator';
import { SessionAuthService } from './session-auth.service';

type NestModule = ModulesContainer extends Map<string, infer M> ? M : never;

/** The root module whose controllers the guard protects (a thunk: it is declared after this guard). */
export const AUTH_ROOT_MODULE = Symbol.for('flotilla.api-gateway.auth-root');
export type AuthRootModule = () => Type;

/** The request as seen by api-gateway's handlers after authentication. */
export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * Registered as a global guard, but it only acts on the controllers of api-gateway's own module
 * tree: every api-gateway route needs `Authorization: Bearer <token>` unless it is marked
 * `@Public()`, and names the action it performs with `@Authorize(action)` (checked at start: a
 * route with neither is a programming error). A principal who may not perform the action
 * anywhere gets 403; services then check the action against the resource's team. A user who
 * must reset their password reaches only routes marked `@AllowDuringPasswordReset()`. Routes of
 * the other services hosted in the same process (osquery agents, MDM clients, `/healthz`,
 * `/metrics`) are left to their own authentication.
 */
@Injectable()
export class ApiAuthGuard implements CanActivate, OnModuleInit {
  private protectedControllers: ReadonlySet<Type> = new Set();

  constructor(
    private readonly auth: SessionAuthService,
    private readonly reflector: Reflector,
    private readonly modules: ModulesContainer,
    @Inject(AUTH_ROOT_MODULE) private readonly root: AuthRootModule,
  ) {}

  onModuleInit(): void {
    this.protectedControllers = controllersUnder(this.root(), this.modules);
    for (const controller of this.protectedControllers) this.checkDeclared(controller);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || !this.protectedControllers.has(context.getClass())) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.auth.authenticate(request.headers.authorization);
    request.principal = principal;
    const handler = context.getHandler();
    if (principal.user?.forcePasswordReset && !this.reflector.get<boolean | undefined>(ALLOW_DURING_PASSWORD_RESET_KEY, handler)) {
      throw AuthzError.passwordResetRequired();
    }
    const action = this.reflector.getAllAndOverride<Action | undefined>(AUTHORIZE_KEY, [handler, context.getClass()]);
    if (action === undefined || !canSomewhere(principal, action)) throw AuthzError.forbidden();
    return true;
  }

  /** Every route handler of a protected controller must be @Public() or name its action. */
  private checkDeclared(controller: Type): void {
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata('path', handler) === undefined) continue;
      const targets = [handler, controller];
      if (this.reflector.getAllAndOverride(IS_PUBLIC_KEY, targets) || this.reflector.getAllAndOverride(AUTHORIZE_KEY, targets)) continue;
      throw new Error(`api-gateway route ${controller.name}.${name} has neither @Public() nor @Authorize(action)`);
    }
  }
}

/** Controllers declared by `root` and the (non-global) modules it imports, transitively. */
function controllersUnder(root: Type, container: ModulesContainer): Set<Type> {
  const start = [...container.values()].filter((m) => m.metatype === root);
  const seen = new Set<NestModule>();
  const controllers = new Set<Type>();
  const queue = [...start];
  for (let m = queue.shift(); m !== undefined; m = queue.shift()) {
    if (seen.has(m)) continue;
    seen.add(m);
    for (const wrapper of m.controllers.values()) if (wrapper.metatype) controllers.add(wrapper.metatype as Type);
    for (const imported of m.imports) if (!imported.isGlobal) queue.push(imported);
  }
  if (start.length === 0) throw new Error(`ApiAuthGuard: module ${root.name} is not part of the application`);
  return controllers;
}
