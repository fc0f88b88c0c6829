// The layers of docs/architecture.md, as rules `npm test` checks (rules are cheaper than reviews).
// Arrows only point down: shells → core → store/git → domain; the renderer sees only the contract's types.
// Tests, benches and scripts may reach anything; the rules are about the app's own code.
const notTests = '(\\.test\\.tsx?$|/tests?/|^bench/|^scripts/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can change or be understood alone.',
      from: { pathNot: notTests },
      to: { circular: true },
    },
    {
      name: 'renderer-only-contract',
      severity: 'error',
      comment:
        'The renderer is untrusted web code: it talks to the app only through the contract, with types.',
      from: { path: '^renderer/src' },
      to: { path: '^electron/', pathNot: '^electron/contract/' },
    },
    {
      name: 'renderer-contract-types-only',
      severity: 'error',
      comment: 'No runtime code of the Node side may be bundled into the page.',
      from: { path: '^renderer/src' },
      to: { path: '^electron/contract/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-not-to-shells',
      severity: 'error',
      comment: 'The core is plain TypeScript the shells host; it never knows which shell it runs in.',
      from: { path: '^electron/core/', pathNot: notTests },
      to: { path: '^electron/(shell|web|cli)/|^electron/(main|preload)\\.ts$' },
    },
    {
      name: 'core-not-to-contract',
      severity: 'error',
      comment:
        'The contract stands on the core, not the other way round; boundary types live in domain/views.ts.',
      from: { path: '^electron/core/', pathNot: notTests },
      to: { path: '^electron/contract/' },
    },
    {
      name: 'core-not-to-electron-or-http',
      severity: 'error',
      comment: 'Never Electron, never HTTP, never React in the core or below it.',
      from: { path: '^electron/(core|store|git|domain)/', pathNot: notTests },
      to: { path: '^(electron|react|react-dom)$|^node:https?$|^https?$' },
    },
    {
      name: 'core-asks-store-and-git-for-interfaces',
      severity: 'error',
      comment:
        'The core uses the store and the git adapter through the types of their ports; the shell builds the instances.',
      from: { path: '^electron/core/', pathNot: notTests },
      to: { path: '^electron/(store|git)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'store-not-to-core',
      severity: 'error',
      comment:
        'Persistence stands below the core: it imports the domain layer, never the core or the contract.',
      from: { path: '^electron/store/', pathNot: notTests },
      to: { path: '^electron/(core|contract|shell|web|cli|git)/' },
    },
    {
      name: 'git-not-to-core',
      severity: 'error',
      comment: 'The git adapter sits beside the store: it knows repositories, not notes rules.',
      from: { path: '^electron/git/', pathNot: notTests },
      to: { path: '^electron/(core|contract|shell|web|cli)/' },
    },
    {
      name: 'domain-is-the-floor',
      severity: 'error',
      comment:
        'The domain layer (model, errors, changes, records, views) imports only itself and plain libraries.',
      from: { path: '^electron/domain/', pathNot: notTests },
      to: { path: '^electron/(?!domain/)|^renderer/' },
    },
    {
      name: 'domain-without-io',
      severity: 'error',
      comment:
        'No I/O in the domain layer: files, processes and sockets belong to the store, git and the shells.',
      from: { path: '^electron/domain/', pathNot: notTests },
      to: { path: '^(node:)?(fs|fs/promises|child_process|net|http|https|worker_threads)$' },
    },
    {
      name: 'contract-on-domain-and-core-types',
      severity: 'error',
      comment: 'The contract is names, schemas and types: it may read the core’s types, never its code.',
      from: { path: '^electron/contract/' },
      to: { path: '^electron/(core|store|git|shell|web|cli)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|test-artifacts|release)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
