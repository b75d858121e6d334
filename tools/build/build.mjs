// Compiles every app and lib (TypeScript → CommonJS) into dist/ with swc, rewriting the
// `@flotilla/*` path aliases of tsconfig.base.json into relative requires. One pass, ~1 s.
import { transformFile } from '@swc/core';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'dist');
const SOURCE_ROOTS = ['apps', 'libs', 'tools/agent-sim', 'bench'];
const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(f);

async function walk(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' || e.name === '__fixtures__' ? [] : walk(p);
      return isSource(p) ? [p] : [];
    }),
  );
  return files.flat();
}

const tsconfig = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const paths = tsconfig.compilerOptions.paths;

const started = Date.now();
await rm(outDir, { recursive: true, force: true });
const files = (await Promise.all(SOURCE_ROOTS.map((d) => walk(join(root, d))))).flat();
await Promise.all(
  files.map(async (file) => {
    const out = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
    const result = await transformFile(file, {
      ...swcrc,
      swcrc: false,
      jsc: { ...swcrc.jsc, baseUrl: root, paths },
      sourceFileName: relative(dirname(out), file),
    });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${result.code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
    if (result.map) await writeFile(`${out}.map`, result.map);
  }),
);
console.log(`build: ${files.length} files → dist/ in ${Date.now() - started} ms`);
