// A deliberately small subset of Go's text/template: enough for Fleet's osquery-perf host
// templates (`define`/`end`, `if`/`else`, comments, `{{-`/`-}}` trimming, field and method
// references such as `.UUID` or `.CachedString "hostname"`, and `printf`). Anything else
// fails loudly with GoTemplateError rather than rendering something wrong.

type Arg = { type: 'string'; value: string } | { type: 'number'; value: number } | { type: 'field'; path: string[] };
type Expr = { type: 'field'; path: string[]; args: Arg[] } | { type: 'printf'; format: string; args: Arg[] };

export type TemplateNode =
  | { type: 'text'; text: string }
  | { type: 'expr'; expr: Expr }
  | { type: 'if'; cond: Expr; then: TemplateNode[]; else: TemplateNode[] };

/** The data a template runs against (`.` in Go): nested records; functions are methods. */
export type TemplateData = { readonly [key: string]: unknown };

export class GoTemplateError extends Error {
  override readonly name = 'GoTemplateError';
}

interface RawAction {
  body: string;
  offset: number;
}

/** Splits source into text and `{{ … }}` actions, applying `{{-` / `-}}` whitespace trimming. */
function tokenize(src: string): (string | RawAction)[] {
  const out: (string | RawAction)[] = [];
  let trimNext = false;
  let i = 0;
  for (;;) {
    const open = src.indexOf('{{', i);
    let text = src.slice(i, open === -1 ? undefined : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open === -1) {
      if (text) out.push(text);
      return out;
    }
    const isComment = /^\{\{-?\s*\/\*/.test(src.slice(open, open + 8));
    const close = isComment ? src.indexOf('}}', src.indexOf('*/', open)) : findActionEnd(src, open + 2);
    if (close === -1) throw new GoTemplateError(`unterminated action at offset ${open}`);
    let body = src.slice(open + 2, close);
    if (/^-\s/.test(body)) {
      text = text.replace(/\s+$/, '');
      body = body.slice(1);
    }
    trimNext = /\s-$/.test(body);
    if (trimNext) body = body.slice(0, -1);
    if (text) out.push(text);
    out.push({ body: body.trim(), offset: open });
    i = close + 2;
  }
}

function findActionEnd(src: string, from: number): number {
  let inString = false;
  for (let i = from; i < src.length - 1; i++) {
    const ch = src[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '}' && src[i + 1] === '}') return i;
  }
  return -1;
}

/** Splits an action body into words, keeping double-quoted strings (with Go escapes) whole. */
function words(body: string, offset: number): Arg[] {
  const out: Arg[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|[^\s"]+)/gy;
  let end = 0;
  for (let m = re.exec(body); m?.[1] !== undefined; m = re.exec(body)) {
    end = re.lastIndex;
    const w = m[1];
    if (w.startsWith('"')) out.push({ type: 'string', value: JSON.parse(w) as string });
    else if (w.startsWith('.')) out.push({ type: 'field', path: w.slice(1).split('.').filter(Boolean) });
    else if (/^-?\d+(\.\d+)?$/.test(w)) out.push({ type: 'number', value: Number(w) });
    else out.push({ type: 'string', value: `\u0000${w}` }); // bare identifier (function name)
  }
  if (body.slice(end).trim()) throw new GoTemplateError(`cannot parse action "${body}" at offset ${offset}`);
  return out;
}

function parseExpr(body: string, offset: number): Expr {
  const [head, ...args] = words(body, offset);
  if (head?.type === 'field') return { type: 'field', path: head.path, args };
  if (head?.type === 'string' && head.value === '\u0000printf') {
    const [format, ...rest] = args;
    if (format?.type !== 'string') throw new GoTemplateError(`printf needs a format string at offset ${offset}`);
    return { type: 'printf', format: format.value, args: rest };
  }
  throw new GoTemplateError(`unsupported action "${body}" at offset ${offset}`);
}

type Frame = { kind: 'define'; name: string; nodes: TemplateNode[] } | { kind: 'if'; node: Extract<TemplateNode, { type: 'if' }>; inElse: boolean };

/** Parses a template file into its named sub-templates (`{{ define "name" }}`). Top-level text is ignored, as with ExecuteTemplate. */
export function parseGoTemplate(src: string): Map<string, TemplateNode[]> {
  const defines = new Map<string, TemplateNode[]>();
  const stack: Frame[] = [];
  const sink = (): TemplateNode[] | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return undefined;
    if (top.kind === 'define') return top.nodes;
    return top.inElse ? top.node.else : top.node.then;
  };
  for (const tok of tokenize(src)) {
    if (typeof tok === 'string') {
      sink()?.push({ type: 'text', text: tok });
      continue;
    }
    const { body, offset } = tok;
    if (body.startsWith('/*')) continue;
    const define = /^define\s+"([^"]+)"$/.exec(body);
    if (define?.[1] !== undefined) {
      if (stack.length) throw new GoTemplateError(`nested define at offset ${offset}`);
      stack.push({ kind: 'define', name: define[1], nodes: [] });
    } else if (body.startsWith('if ')) {
      const target = sink();
      if (!target) throw new GoTemplateError(`if outside define at offset ${offset}`);
      const node: Extract<TemplateNode, { type: 'if' }> = { type: 'if', cond: parseExpr(body.slice(3), offset), then: [], else: [] };
      target.push(node);
      stack.push({ kind: 'if', node, inElse: false });
    } else if (body === 'else') {
      const top = stack[stack.length - 1];
      if (top?.kind !== 'if' || top.inElse) throw new GoTemplateError(`unexpected else at offset ${offset}`);
      top.inElse = true;
    } else if (body === 'end') {
      const top = stack.pop();
      if (!top) throw new GoTemplateError(`unexpected end at offset ${offset}`);
      if (top.kind === 'define') {
        if (defines.has(top.name)) throw new GoTemplateError(`template "${top.name}" defined twice`);
        defines.set(top.name, top.nodes);
      }
    } else {
      const target = sink();
      if (target) target.push({ type: 'expr', expr: parseExpr(body, offset) });
    }
  }
  if (stack.length) throw new GoTemplateError('unterminated define/if at end of template');
  return defines;
}

function resolve(data: TemplateData, path: string[], args: unknown[]): unknown {
  let value: unknown = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !(key in value)) throw new GoTemplateError(`can't evaluate field ${key} in .${path.join('.')}`);
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'function') return (value as (...a: unknown[]) => unknown)(...args);
  if (args.length) throw new GoTemplateError(`.${path.join('.')} is not a method`);
  return value;
}

function evalArg(data: TemplateData, arg: Arg): unknown {
  return arg.type === 'field' ? resolve(data, arg.path, []) : arg.value;
}

function printf(format: string, args: unknown[]): string {
  let n = 0;
  return format.replace(/%(%|\.(\d+)f|d|s|v)/g, (spec: string, kind: string, digits?: string) => {
    if (kind === '%') return '%';
    const value = args[n++];
    if (digits !== undefined) return Number(value).toFixed(Number(digits));
    if (kind === 'd') return String(Math.trunc(Number(value)));
    return String(value);
  });
}

function evalExpr(data: TemplateData, expr: Expr): unknown {
  const args = expr.args.map((a) => evalArg(data, a));
  return expr.type === 'printf' ? printf(expr.format, args) : resolve(data, expr.path, args);
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}

/** Renders a parsed sub-template against `data`. */
export function executeGoTemplate(nodes: readonly TemplateNode[], data: TemplateData): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'expr') out += String(evalExpr(data, node.expr));
    else out += executeGoTemplate(truthy(evalExpr(data, node.cond)) ? node.then : node.else, data);
  }
  return out;
}

/** JSON.parse that tolerates trailing commas before `]` / `}` (Fleet's macOS disk-encryption answer has one). */
export function parseLenientJson(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (inString) {
      out += ch;
      if (ch === '\\') out += text.charAt(++i);
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    if (ch === ',') {
      let j = i + 1;
      while (/\s/.test(text.charAt(j))) j++;
      if (text.charAt(j) === ']' || text.charAt(j) === '}') continue;
    }
    out += ch;
  }
  return JSON.parse(out) as unknown;
}
