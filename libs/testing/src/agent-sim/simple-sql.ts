import type { OsqueryRow } from './agent-sim.types';

/**
 * A tiny evaluator for the label and policy SQL admins write most often —
 * `SELECT <anything> FROM <table> [WHERE col = 'v' [AND|OR col != 'v' …]]` (operators
 * `=`, `!=`, `<>`, `LIKE`; string or number literals; no parentheses) — over the rows a simulated
 * host knows for each table. Anything else returns undefined: the caller falls back to its
 * default answer.
 */
export function evaluateSimpleSql(sql: string, table: (name: string) => readonly OsqueryRow[] | undefined): OsqueryRow[] | undefined {
  const match = /^\s*select\s+.+?\s+from\s+([a-z_][a-z0-9_]*)\s*(?:where\s+(.+?))?\s*;?\s*$/is.exec(sql);
  if (!match?.[1]) return undefined;
  const rows = table(match[1].toLowerCase());
  if (rows === undefined) return undefined;
  if (!match[2]) return [...rows];
  const where = parseWhere(match[2]);
  return where ? rows.filter(where) : undefined;
}

type Predicate = (row: OsqueryRow) => boolean;

function parseWhere(text: string): Predicate | undefined {
  // OR of ANDs, left to right (SQL precedence), no parentheses.
  const disjuncts = text.split(/\s+or\s+/i).map((part) => part.split(/\s+and\s+/i).map(parseCondition));
  if (disjuncts.some((conj) => conj.some((c) => c === undefined))) return undefined;
  const terms = disjuncts as Predicate[][];
  return (row) => terms.some((conj) => conj.every((c) => c(row)));
}

function parseCondition(text: string): Predicate | undefined {
  const m = /^\s*([a-z_][a-z0-9_]*)\s*(=|!=|<>|like)\s*(?:'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?))\s*$/i.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  const column = m[1].toLowerCase();
  const value = m[3] !== undefined ? m[3].replace(/''/g, "'") : String(m[4]);
  const op = m[2].toLowerCase();
  if (op === 'like') {
    const pattern = new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'is');
    return (row) => pattern.test(String(row[column] ?? ''));
  }
  const equal = (row: OsqueryRow): boolean => String(row[column] ?? '') === value;
  return op === '=' ? equal : (row) => !equal(row);
}
