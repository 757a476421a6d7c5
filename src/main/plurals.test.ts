/**
 * No string written in the sources says « photo(s) »: the dictionaries count with plural forms
 * (checked in src/shared/i18n), and the French lines written in code (the CLI's output, the audit
 * trail's stored summaries, the platform's messages, report files) go through `count` from
 * src/shared/i18n. Only string literals are read (parsed with TypeScript), so `fullName(s)` in code
 * is not one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('counts in the sources', () => {
  it('no string written in src/ says « (s) » either: the core, the CLI and the screens count with real plurals', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? files(path.join(dir, e.name))
          : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
            ? [path.join(dir, e.name)]
            : [],
      );
    const offenders: string[] = [];
    const plural = /\p{L}\((s|es|x)\)/u;
    for (const file of files(SRC)) {
      const text = readFileSync(file, 'utf8');
      // Only files with the pattern somewhere are parsed: `fullName(s)` in code is not a string.
      if (!plural.test(text)) continue;
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (
          (ts.isStringLiteral(node) ||
            ts.isNoSubstitutionTemplateLiteral(node) ||
            ts.isTemplateLiteralToken(node)) &&
          plural.test(node.text)
        )
          offenders.push(`${path.relative(SRC, file)}: ${node.text}`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(offenders).toEqual([]);
  }, 30_000);
});
