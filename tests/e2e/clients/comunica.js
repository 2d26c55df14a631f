// comunica.js - kgsh serve as a `sparql` source of Comunica
// (@comunica/query-sparql from npm, installed by serve.sh into build/):
// every competency question, written as SPARQL JSON results for resultdiff.
// Usage: NODE_PATH=DIR/node_modules node comunica.js ENDPOINT QUESTIONS-DIR OUT-DIR
const fs = require('fs');
const path = require('path');
const { QueryEngine } = require('@comunica/query-sparql');

async function main() {
  const [endpoint, qdir, out] = process.argv.slice(2);
  const engine = new QueryEngine();
  for (const name of fs.readdirSync(qdir).filter((n) => n.endsWith('.rq')).sort()) {
    const query = fs.readFileSync(path.join(qdir, name), 'utf8');
    const target = path.join(out, name.replace(/\.rq$/, '.srj'));
    try {
      const result = await engine.query(query, {
        sources: [{ type: 'sparql', value: endpoint }],
      });
      const { data } = await engine.resultToString(result,
        'application/sparql-results+json');
      const sink = fs.createWriteStream(target);
      await new Promise((resolve, reject) => {
        data.on('error', reject);
        sink.on('finish', resolve);
        data.pipe(sink);
      });
    } catch (e) {
      console.error(`${name}: ${e.message}`);
    }
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
