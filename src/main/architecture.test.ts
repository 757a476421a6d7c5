/**
 * The shape of the main process, checked on its sources (issue 12): a newcomer who adds a feature
 * finds each concern in one home, and this test says where they strayed.
 * (a) no import circle in src/main (type imports count: a circle of types is still a knot to read);
 * (b) SQL is spoken only by repositories (`*.repository.ts`), migrations and `lib/sqlite.ts`;
 * (c) no core file joins a job-folder name by hand: the layout is named in `jobs/job-paths.ts`.
 * The sandbox platform (`src/main/platform/`) is left out of (b): it is a separate program that
 * stands in for the hosted sales platform, with its own database, not a part of the studio's core.
 * The allowlists name today's offenders; they only shrink (an entry that no longer offends fails too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { JOB_DB, JOB_LAYOUT } from './core/jobs/job-paths';

const MAIN = path.dirname(fileURLToPath(import.meta.url));

/** Import circles still to untie, each as its files (relative to src/main) sorted and joined by ' ↔ '. */
const CIRCLES_ALLOWED: readonly string[] = [];

/** Files (relative to src/main) that still hold SQL outside a repository. */
const SQL_ALLOWED: readonly string[] = [];

/** Core files (relative to src/main) that still build a job path by hand. */
const JOB_PATHS_ALLOWED: readonly string[] = [];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
      out.push(full);
  }
  return out.sort();
}

const rel = (file: string) => path.relative(MAIN, file).split(path.sep).join('/');
const FILES = sourceFiles(MAIN);
const KNOWN = new Set(FILES);

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.(c|m)?js$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, path.join(base, 'index.ts')])
    if (KNOWN.has(candidate)) return candidate;
  return undefined;
}

/** Strongly connected components of more than one file (or a file importing itself), Tarjan's way. */
function importCircles(): string[] {
  const graph = new Map<string, string[]>();
  for (const file of FILES) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((ref) => resolveImport(file, ref.fileName))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v))
        circles.push(component.map(rel).sort().join(' ↔ '));
    }
  };
  for (const file of FILES) if (!index.has(file)) visit(file);
  return circles.sort();
}

const SQL_START =
  /^\s*(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX|UNIQUE|VIEW|TRIGGER|TEMP)|ALTER\s+TABLE\s|DROP\s+(TABLE|INDEX|VIEW|TRIGGER)\s|PRAGMA\s|WITH\s+\w+(\s*\([^)]*\))?\s+AS\s*\(|REPLACE\s+INTO\s|BEGIN\b|COMMIT\b|VACUUM\b|ATTACH\s)/;

function isSqlAllowedFile(relative: string): boolean {
  return (
    relative.endsWith('.repository.ts') ||
    relative.endsWith('-migrations.ts') ||
    relative === 'lib/sqlite.ts' ||
    relative.startsWith('platform/')
  );
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (source === undefined) {
    source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    parsed.set(file, source);
  }
  return source;
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text;
  return undefined;
}

/** Why `file` speaks SQL (the first few places), or nothing. */
function sqlIn(file: string): string[] {
  const source = parse(file);
  const found: string[] = [];
  walk(source, (node) => {
    const text = literalText(node);
    const line = () => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    if (text !== undefined && SQL_START.test(text)) found.push(`line ${line()}: ${text.trim().slice(0, 40)}`);
    // A statement built elsewhere and prepared here is SQL here too.
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.expression.kind !== ts.SyntaxKind.ThisKeyword &&
      ['prepare', 'pragma'].includes(node.expression.name.text)
    )
      found.push(`line ${line()}: .${node.expression.name.text}(…)`);
  });
  return found;
}

const LAYOUT_NAMES = new Set([
  JOB_DB,
  ...Object.values(JOB_LAYOUT).flatMap((folder) => [folder, ...folder.split('/')]),
]);

/** The hand-built job paths in `file`: `path.join|resolve(…, 'exports' | JOB_LAYOUT.x …)`. */
function jobPathsIn(file: string): string[] {
  const source = parse(file);
  const found: string[] = [];
  walk(source, (node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = node.expression;
    const name = ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : ts.isIdentifier(callee)
        ? callee.text
        : '';
    const onPath =
      ts.isIdentifier(callee) ||
      (ts.isPropertyAccessExpression(callee) && /path$/i.test(callee.expression.getText()));
    if (!onPath || !['join', 'resolve'].includes(name)) return;
    for (const arg of node.arguments) {
      const text = literalText(arg);
      const first = text?.split('/')[0];
      const byName =
        text !== undefined && (LAYOUT_NAMES.has(text) || (first !== undefined && LAYOUT_NAMES.has(first)));
      const byConstant = /\bJOB_(LAYOUT|DB)\b/.test(arg.getText());
      if (byName || byConstant) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push(`line ${line}: ${node.getText().slice(0, 60)}`);
        return;
      }
    }
  });
  return found;
}

function offenders(files: readonly string[], check: (file: string) => string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of files) {
    const hits = check(file);
    if (hits.length > 0) out.set(rel(file), hits);
  }
  return out;
}

/** New offenders (to fix) and allowlist entries that no longer offend (to remove). */
function compare(found: Iterable<string>, allowed: readonly string[]) {
  const set = new Set(found);
  return {
    notAllowed: [...set].filter((f) => !allowed.includes(f)).sort(),
    noLongerOffending: allowed.filter((f) => !set.has(f)),
  };
}

// Reading every source file takes seconds on a busy machine: a generous timeout, no timing asserted.
describe('the shape of src/main', { timeout: 60_000 }, () => {
  it('has no import circle (type imports included)', () => {
    const result = compare(importCircles(), CIRCLES_ALLOWED);
    expect(result).toEqual({ notAllowed: [], noLongerOffending: [] });
  });

  it('speaks SQL only in repositories, migrations and lib/sqlite.ts', () => {
    const found = offenders(
      FILES.filter((f) => !isSqlAllowedFile(rel(f))),
      sqlIn,
    );
    const result = compare(found.keys(), SQL_ALLOWED);
    const detail = result.notAllowed.map((f) => `${f} — ${found.get(f)!.slice(0, 3).join('; ')}`);
    expect({ notAllowed: detail, noLongerOffending: result.noLongerOffending }).toEqual({
      notAllowed: [],
      noLongerOffending: [],
    });
  });

  it('names job-folder paths only in core/jobs/job-paths.ts', () => {
    const core = FILES.filter((f) => rel(f).startsWith('core/') && rel(f) !== 'core/jobs/job-paths.ts');
    const found = offenders(core, jobPathsIn);
    const result = compare(found.keys(), JOB_PATHS_ALLOWED);
    const detail = result.notAllowed.map((f) => `${f} — ${found.get(f)!.slice(0, 3).join('; ')}`);
    expect({ notAllowed: detail, noLongerOffending: result.noLongerOffending }).toEqual({
      notAllowed: [],
      noLongerOffending: [],
    });
  });

  it('recognises what it forbids (the checks can fail)', () => {
    expect(SQL_START.test('SELECT id FROM photo')).toBe(true);
    expect(SQL_START.test('  DELETE FROM student_publication WHERE x = ?')).toBe(true);
    expect(SQL_START.test('Sélectionner une classe')).toBe(false);
    expect(LAYOUT_NAMES.has('exports')).toBe(true);
    expect(LAYOUT_NAMES.has('bons-de-commande')).toBe(true);
  });
});
