import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const DOCUMENT_ID = 'https://flotilla.test/fleet-openapi.json';

interface OpenApiDocument {
  paths: Record<string, { get?: { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> } }>;
}

/**
 * Validates response bodies against Fleet's 4.86 OpenAPI 3.1 document (the subset in
 * __fixtures__/fleet-openapi.subset.json: schemas inferred from live Fleet responses). `$ref`s
 * resolve against the document itself; OpenAPI-only keywords are ignored.
 */
export class FleetOpenApiValidator {
  private readonly ajv: Ajv2020;
  private readonly document: OpenApiDocument;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(file = join(__dirname, '__fixtures__', 'fleet-openapi.subset.json')) {
    this.document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...this.document, $id: DOCUMENT_ID });
  }

  /** Problems of `body` as the 200 response of `GET <path>` (Fleet's path template, e.g. `/api/v1/fleet/hosts/{id}`); empty when valid. */
  problemsOfGet(path: string, body: unknown): string[] {
    return this.problems(this.forRef(this.responseRef(path)), body);
  }

  /** Problems of `body` against a JSON pointer into the document (e.g. a schema's sub-part). */
  problemsAt(pointer: string, body: unknown): string[] {
    return this.problems(this.forRef(`#${pointer}`), body);
  }

  private responseRef(path: string): string {
    const ref = this.document.paths[path]?.get?.responses?.['200']?.content?.['application/json']?.schema?.$ref;
    if (!ref) throw new Error(`no GET 200 JSON response schema for ${path} in the Fleet document`);
    return ref;
  }

  private forRef(ref: string): ValidateFunction {
    let fn = this.compiled.get(ref);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `${DOCUMENT_ID}${ref}` });
      this.compiled.set(ref, fn);
    }
    return fn;
  }

  private problems(fn: ValidateFunction, body: unknown): string[] {
    return fn(body) ? [] : (fn.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  }
}
