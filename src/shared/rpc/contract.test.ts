import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from './contract';

/**
 * The object schemas a params schema accepts at its top level, with whether each refuses unknown
 * keys. Looks through wrappers (optional, default, pipe, refine) and into each branch of a union.
 */
function paramObjects(schema: z.ZodType, path: string): { path: string; strict: boolean }[] {
  if (schema instanceof z.ZodObject) {
    return [{ path, strict: schema.def.catchall instanceof z.ZodNever }];
  }
  if (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion) {
    return (schema.def.options as z.ZodType[]).flatMap((option, i) => paramObjects(option, `${path}|${i}`));
  }
  if (schema instanceof z.ZodIntersection) {
    return [
      ...paramObjects(schema.def.left as z.ZodType, `${path}&left`),
      ...paramObjects(schema.def.right as z.ZodType, `${path}&right`),
    ];
  }
  if (schema instanceof z.ZodPipe) return paramObjects(schema.def.in as z.ZodType, path);
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodReadonly
  ) {
    return paramObjects(schema.def.innerType as z.ZodType, path);
  }
  throw new Error(`${path}: params schema of an unexpected kind (${schema.def.type})`);
}

describe('contract', () => {
  const methods = Object.entries(contract) as [string, { params: z.ZodType }][];

  it('refuses unknown keys in the params of every method', () => {
    const loose = methods.flatMap(([method, { params }]) =>
      paramObjects(params, method)
        .filter((o) => !o.strict)
        .map((o) => o.path),
    );
    expect(loose).toEqual([]);
    expect(methods.length).toBeGreaterThan(100);
  });

  it('finds a params object that lets unknown keys through', () => {
    // The walk itself: a loose object is named, whether bare, wrapped or in a union's branch.
    const loose = z.object({ jobId: z.string() });
    const strict = z.object({ jobId: z.string() }).strict();
    expect(paramObjects(loose, 'm')).toEqual([{ path: 'm', strict: false }]);
    expect(paramObjects(strict.optional(), 'm')).toEqual([{ path: 'm', strict: true }]);
    expect(
      paramObjects(
        loose.refine(() => true),
        'm',
      ),
    ).toEqual([{ path: 'm', strict: false }]);
    expect(paramObjects(strict.extend({ n: z.number() }), 'm')).toEqual([{ path: 'm', strict: true }]);
    expect(
      paramObjects(
        z.discriminatedUnion('kind', [
          strict.extend({ kind: z.literal('a') }),
          loose.extend({ kind: z.literal('b') }),
        ]),
        'm',
      ),
    ).toEqual([
      { path: 'm|0', strict: true },
      { path: 'm|1', strict: false },
    ]);
  });
});
