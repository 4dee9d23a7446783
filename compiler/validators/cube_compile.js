// Compile a folder of Cube YAML models with Cube's own schema compiler and print JSON metadata.
//
//   node cube_compile.js MODEL_DIR                 -> {cubes: [...], errors: [...]}
//   node cube_compile.js MODEL_DIR QUERY_JSON      -> also {sql: [text, params]} for the query
//   node cube_compile.js MODEL_DIR @QUERIES_FILE   -> also {sqls: [{sql: [text, params]} | {error}]}
//                                                    for a JSON list of queries in a file
//
// Run with NODE_PATH pointing at the npm folder holding @cubejs-backend/schema-compiler.
// The native add-on (Rust) is not installable here; YAML without Jinja never needs it, except
// that the compiler asks it for a Jinja engine up front, so a stub stands in for it.
'use strict';

const fs = require('fs');
const path = require('path');
const { prepareCompiler, PostgresQuery } = require('@cubejs-backend/schema-compiler');

const nativeStub = {
  newJinjaEngine: () => ({
    loadTemplate: () => { throw new Error('Jinja is not supported without the native add-on'); },
    renderTemplate: () => { throw new Error('Jinja is not supported without the native add-on'); },
  }),
  loadPythonContext: () => { throw new Error('Python is not supported without the native add-on'); },
};

function listFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ya?ml|js)$/.test(entry.name)) {
        out.push({ fileName: path.relative(root, full), content: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  walk(root);
  return out;
}

function message(e) {
  if (typeof e === 'string') return e;
  return e.plainMessage || e.message || JSON.stringify(e);
}

// The compiler checks references inside `sql` only when it builds a query, so every cube, join
// and view is also asked for the SQL of a query touching all its members.
function probe(compilers, result) {
  const sqlOf = (label, q) => {
    try {
      new PostgresQuery(compilers, { ...q, useNativeSqlPlanner: false }).buildSqlAndParams();
    } catch (e) {
      result.errors.push(`${label}: ${message(e)}`);
    }
  };
  const members = (cube, kind) => Object.keys(cube[kind] || {})
    .filter((k) => kind !== 'dimensions' || cube[kind][k].type !== 'geo')
    .map((k) => `${cube.name}.${k}`);
  for (const cube of compilers.cubeEvaluator.cubeList || []) {
    sqlOf(`${cube.isView ? 'view' : 'cube'} ${cube.name}`, { measures: members(cube, 'measures'), dimensions: members(cube, 'dimensions') });
    if (cube.isView) continue;
    const own = members(cube, 'dimensions')[0];
    const joins = Array.isArray(cube.joins) ? cube.joins.map((j) => j.name) : Object.keys(cube.joins || {});
    for (const target of joins) {
      const other = compilers.cubeEvaluator.cubeFromPath(target);
      const theirs = members(other, 'dimensions')[0];
      if (own && theirs) sqlOf(`join ${cube.name} -> ${target}`, { dimensions: [own, theirs] });
    }
  }
}

async function main() {
  const [modelDir, queryJson] = process.argv.slice(2);
  const files = listFiles(modelDir);
  const repo = { localPath: () => modelDir, dataSchemaFiles: () => Promise.resolve(files) };
  const compilers = prepareCompiler(repo, { nativeInstance: nativeStub, standalone: true });
  const result = { files: files.map((f) => f.fileName), errors: [], warnings: [], cubes: [] };
  try {
    await compilers.compiler.compile();
  } catch (e) {
    result.errors.push(message(e));
  }
  const reporter = compilers.compiler.errorsReporter;
  if (reporter) {
    for (const e of reporter.errors || []) if (!result.errors.includes(message(e))) result.errors.push(message(e));
    for (const w of reporter.warnings || []) result.warnings.push(message(w));
  }
  for (const cube of compilers.cubeEvaluator.cubeList || []) {
    const joins = cube.joins || {};
    const joinList = Array.isArray(joins)
      ? joins.map((j) => ({ name: j.name, relationship: j.relationship }))
      : Object.keys(joins).map((k) => ({ name: k, relationship: joins[k].relationship }));
    result.cubes.push({
      name: cube.name,
      isView: !!cube.isView,
      public: cube.public !== false,
      title: cube.title || null,
      description: cube.description || null,
      measures: Object.fromEntries(Object.entries(cube.measures || {}).map(([k, m]) => [k, {
        type: m.type, format: m.format || null, title: m.title || null, description: m.description || null }])),
      dimensions: Object.fromEntries(Object.entries(cube.dimensions || {}).map(([k, d]) => [k, {
        type: d.type, primaryKey: !!d.primaryKey, title: d.title || null, description: d.description || null }])),
      joins: joinList,
    });
  }
  if (result.errors.length === 0) probe(compilers, result);
  if (queryJson && queryJson.startsWith('@') && result.errors.length === 0) {
    result.sqls = JSON.parse(fs.readFileSync(queryJson.slice(1), 'utf8')).map((q) => {
      try {
        return { sql: new PostgresQuery(compilers, { ...q, useNativeSqlPlanner: false }).buildSqlAndParams() };
      } catch (e) {
        return { error: message(e) };
      }
    });
  } else if (queryJson && result.errors.length === 0) {
    try {
      const query = new PostgresQuery(compilers, { ...JSON.parse(queryJson), useNativeSqlPlanner: false });
      result.sql = query.buildSqlAndParams();
    } catch (e) {
      result.errors.push(`query: ${message(e)}`);
    }
  }
  // Exit only once the pipe has taken the whole text: the compiler's worker pool keeps node alive.
  process.stdout.write(JSON.stringify(result, null, 1), () => process.exit(0));
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(3); });
