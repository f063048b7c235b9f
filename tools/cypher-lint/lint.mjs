#!/usr/bin/env node
// Lint Cypher statements with Neo4j's Cypher front end (@neo4j-cypher/language-support).
// stdin:  {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]},
//          "statements": [{"name": "...", "cypher": "..."}]}
// stdout: {"results": [{"name": "...", "diagnostics": [{"severity", "message", "line", "character"}]}]}
// exit:   0 no diagnostics, 1 diagnostics found, 2 bad input, 3 linter self-check failed.
import { lintCypherQuery, isNotParamError } from '@neo4j-cypher/language-support';

// Neo4j 5 semantics; a statement may still opt in with an explicit "CYPHER 25" prefix.
const DIALECT = 'CYPHER 5';
const KEEP_SEVERITIES = new Set([1, 2]); // 1 = error, 2 = warning

function fail(code, message) {
  process.stderr.write(`cypher-lint: ${message}\n`);
  process.exit(code);
}

function isStringArray(value) {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function parseInput(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    fail(2, `input is not valid JSON: ${err.message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    fail(2, 'input must be a JSON object with "schema" and "statements"');
  }
  const { schema, statements } = doc;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    fail(2, '"schema" must be an object');
  }
  for (const key of ['labels', 'relationshipTypes', 'propertyKeys']) {
    if (!isStringArray(schema[key])) fail(2, `"schema.${key}" must be an array of strings`);
  }
  if (!Array.isArray(statements)) fail(2, '"statements" must be an array');
  statements.forEach((s, i) => {
    if (s === null || typeof s !== 'object' || typeof s.name !== 'string' || typeof s.cypher !== 'string') {
      fail(2, `statements[${i}] must be an object with string "name" and "cypher"`);
    }
  });
  return { schema, statements };
}

const PROPERTY_WARNING = ' is not present in the database.';
const VARIABLE_BEFORE_DOT = /(`[^`]+`|[\p{L}_][\p{L}\p{N}_]*)\s*\.\s*$/u;

// Library quirk (2.0.0-next.38): inside a node/relationship pattern of a read
// clause, e.g. `UNWIND $rows AS r MATCH (o:Officer {id: r.officerId})`, the
// property `officerId` of the map `r` is attributed to the node `o` and reported
// as missing from the schema. Drop such a warning when the property is accessed
// on a variable that the semantic analysis did not type as a node/relationship.
function isMisattributedPropertyWarning(d, cypher, symbolTables) {
  if (d.severity !== 2 || !d.offsets) return false;
  const name = cypher.slice(d.offsets.start, d.offsets.end).replace(/^`|`$/g, '');
  if (!name || !d.message.startsWith(name + PROPERTY_WARNING)) return false;
  const match = VARIABLE_BEFORE_DOT.exec(cypher.slice(0, d.offsets.start));
  if (!match) return false; // a pattern map key such as {nam: 1}: a real warning
  const symbol = symbolTables.flat().find((s) => s.references.includes(match.index));
  if (!symbol || symbol.types.length === 0) return false;
  return !symbol.types.every((t) => t === 'Node' || t === 'Relationship');
}

function lint(cypher, dbSchema) {
  // Signature: lintCypherQuery(query, dbSchema, { consoleCommandsEnabled }) -> { diagnostics, symbolTables }
  const { diagnostics, symbolTables } = lintCypherQuery(cypher, dbSchema, { consoleCommandsEnabled: false });
  return diagnostics
    .filter((d) => KEEP_SEVERITIES.has(d.severity))
    .filter(isNotParamError) // parameters are always supplied at run time
    .filter((d) => !isMisattributedPropertyWarning(d, cypher, symbolTables))
    .map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.range.start.line, // 0-based
      character: d.range.start.character, // 0-based
    }));
}

// The library swallows exceptions from its semantic analysis and then reports
// nothing; make sure it really runs so a broken install cannot pass silently.
function selfCheck(dbSchema) {
  const found = lint('MATCH (n) RETURN undefinedVariable', dbSchema);
  if (!found.some((d) => d.severity === 1 && d.message.includes('undefinedVariable'))) {
    fail(3, 'self-check failed: semantic analysis did not report an undefined variable');
  }
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { schema, statements } = parseInput(Buffer.concat(chunks).toString('utf8'));

const dbSchema = {
  labels: schema.labels,
  relationshipTypes: schema.relationshipTypes,
  propertyKeys: schema.propertyKeys,
  defaultLanguage: DIALECT,
};

selfCheck(dbSchema);

let total = 0;
const results = statements.map(({ name, cypher }) => {
  const diagnostics = lint(cypher, dbSchema);
  total += diagnostics.length;
  return { name, diagnostics };
});

process.stdout.write(JSON.stringify({ results }, null, 2) + '\n');
process.exitCode = total === 0 ? 0 : 1;
