/** Import directions of DESIGN.md: a wrong import fails `npm test`, not a review. */
const only = (from, allowed, comment) => ({
  name: `${from}-imports-only-${allowed.join('-').replace(/[^a-z-]/g, '')}`,
  comment,
  severity: 'error',
  from: { path: `^src/${from}/` },
  to: { path: '^src/', pathNot: [`^src/${from}/`, ...allowed.map((a) => `^src/${a}`)] },
});

module.exports = {
  forbidden: [
    only('domain', [], 'domain holds the shared types and imports nothing of ours'),
    only('config', ['domain/'], 'config knows only the domain'),
    only('market', ['domain/', 'config/'], 'market data and features import only domain and config'),
    only('decision', ['domain/', 'config/'], 'the decision layer imports only domain and config'),
    only('risk', ['domain/', 'config/'], 'the gate imports only domain and config'),
    only('journal', ['domain/', 'config/'], 'the journal imports only domain and config'),
    only('arena', ['domain/', 'config/'], 'the arena statistics are pure functions over plain data'),
    only(
      'execution',
      ['domain/', 'config/', 'risk/', 'exchange/port.ts', 'exchange/errors.ts'],
      'execution talks to the exchange port only, never to an adapter',
    ),
    only(
      'exchange/paper',
      ['domain/', 'config/', 'exchange/port.ts', 'exchange/errors.ts'],
      'the paper exchange implements the port',
    ),
    only(
      'exchange/bybit',
      ['domain/', 'config/', 'exchange/port.ts', 'exchange/errors.ts'],
      'the Bybit adapter implements the port',
    ),
    only(
      'exchange/emulator',
      ['domain/', 'config/', 'exchange/port.ts', 'exchange/errors.ts', 'exchange/paper/', 'market/'],
      'the emulator is a venue look-alike on top of the shared matcher',
    ),
    {
      name: 'sqlite-only-in-journal',
      comment:
        'all SQL lives in src/journal: everything else reads through the journal and its query service',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/journal/' },
      to: { path: 'better-sqlite3' },
    },
    {
      name: 'journal-through-its-index',
      comment: 'the journal is used through src/journal/index.ts; its SQL modules and handle stay inside',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/journal/' },
      to: { path: '^src/journal/', pathNot: '^src/journal/index[.]ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { pathNot: ['^src/domain/'] } },
    },
    {
      name: 'no-test-imports-in-src',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs'],
    },
  },
};
