import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = Symbol.for('flotilla.api-gateway.public');

/** Exempts a route (or every route of a controller) of api-gateway from API token authentication. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
