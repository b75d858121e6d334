import { executeGoTemplate, GoTemplateError, parseGoTemplate, parseLenientJson } from './go-template';

const run = (src: string, name: string, data: Record<string, unknown>): string => {
  const nodes = parseGoTemplate(src).get(name);
  if (!nodes) throw new Error(`no ${name}`);
  return executeGoTemplate(nodes, data);
};

describe('go-template subset', () => {
  it('trims around {{- and -}} and drops comments and top-level text', () => {
    const src = 'ignored {{/* c */}}\n{{ define "a" -}}\n  [ {{ .X }} ]  \n{{- end }} tail';
    expect(run(src, 'a', { X: 1 })).toBe('[ 1 ]');
  });

  it('evaluates methods with arguments, nested fields and printf', () => {
    const src = '{{ define "a" }}{{ .Cached "hostname" }}/{{ printf "%.0f" .I.Seconds }}/{{ printf "%s-%d%%" .S 7.9 }}{{ end }}';
    expect(run(src, 'a', { Cached: (k: unknown) => `h:${String(k)}`, I: { Seconds: 9.6 }, S: 'x' })).toBe('h:hostname/10/x-7%');
  });

  it('chooses if/else branches by Go truthiness', () => {
    const src = '{{ define "a" -}} {{- if .On }}yes{{- else }}no{{- end }} {{- end }}';
    expect(run(src, 'a', { On: true })).toBe('yes');
    expect(run(src, 'a', { On: false })).toBe('no');
    expect(run(src, 'a', { On: '' })).toBe('no');
  });

  it.each([
    ['unknown field', '{{ define "a" }}{{ .Nope }}{{ end }}', /can't evaluate field Nope/],
    ['unsupported function', '{{ define "a" }}{{ len .X }}{{ end }}', /unsupported action/],
    ['unterminated define', '{{ define "a" }}x', /unterminated/],
    ['stray end', '{{ end }}', /unexpected end/],
    ['duplicate define', '{{ define "a" }}{{ end }}{{ define "a" }}{{ end }}', /defined twice/],
  ])('fails loudly on %s', (_label, src, message) => {
    expect(() => run(src, 'a', {})).toThrow(GoTemplateError);
    expect(() => run(src, 'a', {})).toThrow(message);
  });

  it('parses JSON with trailing commas but leaves commas inside strings alone', () => {
    expect(parseLenientJson('[ {"a": "x,]", "b": [1, 2, ], }, ]')).toEqual([{ a: 'x,]', b: [1, 2] }]);
    expect(() => parseLenientJson('[1,,]')).toThrow(SyntaxError);
  });
});
