import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every DynamoDB call lives in shared/table/ (one repository per item type): production code elsewhere maps its
 * input to repository calls. local/, bench/ and tests/ only drive the system (creating tables, reading what was
 * stored), so they are not checked.
 */
const ROOT = join(__dirname, '..', '..');
const CHECKED = ['functions', 'shared'];
const TABLE_DIR = join('shared', 'table') + sep;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const outsideTable = CHECKED.flatMap((d) => tsFiles(join(ROOT, d)))
  .map((path) => ({ file: relative(ROOT, path), source: readFileSync(path, 'utf8') }))
  .filter(({ file }) => !file.startsWith(TABLE_DIR));

/** import … from, export … from, import(…) and require(…) of a DynamoDB package. */
const DYNAMODB_IMPORT = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]@aws-sdk\/(?:client-dynamodb|lib-dynamodb|util-dynamodb)(?:\/[^'"]*)?['"]/;
/** The parts of a DynamoDB request only a repository writes. */
const EXPRESSION = /\b(?:UpdateExpression|ConditionExpression|KeyConditionExpression|FilterExpression|ProjectionExpression|ExpressionAttributeValues|TransactItems)\b/;

describe('DynamoDB stays in shared/table/', () => {
  it('finds the files it checks (functions/ and shared/ outside shared/table/)', () => {
    expect(outsideTable.length).toBeGreaterThan(20);
    expect(outsideTable.some((f) => f.file.startsWith(join('functions', 'ingest')))).toBe(true);
    expect(outsideTable.some((f) => f.file.startsWith(join('shared', 'ingest')))).toBe(true);
  });

  it('no file outside shared/table/ imports the DynamoDB client or command classes', () => {
    const offenders = outsideTable.filter(({ source }) => DYNAMODB_IMPORT.test(source)).map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it('no file outside shared/table/ builds a DynamoDB expression', () => {
    const offenders = outsideTable.filter(({ source }) => EXPRESSION.test(source)).map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it('the patterns catch the forms an import can take', () => {
    for (const line of [
      "import { UpdateCommand } from '@aws-sdk/lib-dynamodb';",
      'import type { AttributeValue } from "@aws-sdk/client-dynamodb";',
      "const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');",
      "const lib = require('@aws-sdk/lib-dynamodb');",
      "export { GetCommand } from '@aws-sdk/lib-dynamodb';",
      "import '@aws-sdk/client-dynamodb';",
    ]) {
      expect(DYNAMODB_IMPORT.test(line), line).toBe(true);
    }
    expect(DYNAMODB_IMPORT.test("import { S3Client } from '@aws-sdk/client-s3';")).toBe(false);
    expect(EXPRESSION.test("ConditionExpression: 'attribute_exists(pk)'")).toBe(true);
  });
});
