// Lint guards the architecture: which process may import what is enforced here, not by habit.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const NODE_BUILTINS = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'worker_threads',
  'stream',
  'url',
  'util',
  'module',
]
const NATIVE = [
  'better-sqlite3',
  'onnxruntime-node',
  'sharp',
  'ws',
  'undici',
  'electron',
  'electron-updater',
]

/** Forbid exact module names (`paths`) and import specifiers matching regexes (`regex`). */
const restrict = ({ paths = [], regex = [] }, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: regex.map((r) => ({ regex: r, message })),
    },
  ],
})
const NODE = { paths: [...NODE_BUILTINS, ...NATIVE], regex: ['^node:'] }

export default tseslint.config(
  {
    ignores: [
      'out/**',
      // KIOSK_OUT_DIR builds (parallel worktrees' tests)
      'out-*/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'bench-results/**',
      '.scratch/**',
      'models/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      curly: ['error', 'multi-line'],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector:
            'CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip)$/]',
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-console': 'off' },
  },
  {
    files: ['*.config.ts', '*.config.mjs', 'electron.vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // Runtime-neutral code: imported by every process, so it may use none of them.
  {
    files: ['electron/shared/**'],
    rules: restrict(
      {
        paths: NODE.paths,
        regex: [...NODE.regex, '(^|/)(core|main|preload|host|cli|inference|renderer)/'],
      },
      'electron/shared is runtime-neutral: no Node, Electron, native modules or process-specific code.',
    ),
  },
  // The renderer is untrusted web content: it reaches the core only through the contract.
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        {
          paths: NODE.paths,
          regex: [...NODE.regex, '/electron/(core|main|preload|host|cli|inference)/'],
        },
        'The renderer may import only electron/shared (types, schemas); everything else goes through the contract.',
      ),
    },
  },
  // The core is plain Node: Electron lives in electron/main and electron/preload only.
  {
    files: ['electron/core/**', 'electron/host/**', 'electron/cli/**', 'electron/sandbox/**'],
    rules: restrict(
      { paths: ['electron', 'electron-updater'], regex: ['(^|/)(main|preload)/', '/renderer/'] },
      'Core code must run under plain Node: no Electron.',
    ),
  },
  // Inference gets bytes in and returns results: it never touches the store or the network.
  {
    files: ['electron/inference/**'],
    rules: restrict(
      {
        paths: [
          'electron',
          'better-sqlite3',
          'ws',
          'undici',
          'http',
          'https',
          'net',
          'node:http',
          'node:https',
          'node:net',
        ],
        regex: ['/(store|sync)/', '(^|/)(host|cli|main)/'],
      },
      'Inference is pure compute: no store, sync, network or Electron.',
    ),
  },
  // Migrations are frozen snapshots: they may import nothing of the app.
  {
    files: ['electron/core/store/migrations/0*.ts'],
    rules: restrict({ regex: ['^\\.'] }, 'Migrations are frozen: import nothing from the app.'),
  },
  {
    files: ['test/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
)
