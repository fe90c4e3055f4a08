// The layering rules of architecture.md, enforced here rather than by memory.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronOnlyInHost = {
  name: 'electron',
  message: 'Only src-main/hosts/electron/ may import electron.',
};
const usbOnlyInMonitor = {
  name: 'usb',
  message: 'node-usb loads only in src-main/usb/node-usb-monitor.ts (lazily, in the main process).',
};
const koffiOnlyInWorker = {
  name: 'koffi',
  message: 'Native libraries load only in a session worker process (src-main/sessions/**/worker/).',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'native/build/', 'bench/results/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [electronOnlyInHost, koffiOnlyInWorker, usbOnlyInMonitor] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    files: ['src-main/hosts/electron/**', 'test/fakes/electron.ts', 'test/unit/src-main/hosts/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [koffiOnlyInWorker, usbOnlyInMonitor] }] },
  },
  {
    // libusbredirparser's filter check, for `thinshell usb check-filter` and tests (never the kiosk).
    files: ['src-main/usb/usbredir-lib.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInHost, usbOnlyInMonitor] }] },
  },
  {
    files: ['src-main/usb/node-usb-monitor.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInHost, koffiOnlyInWorker] }] },
  },
  {
    files: ['src-main/sessions/**/worker/**', 'test/**'],
    ignores: ['test/unit/src-main/hosts/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInHost, usbOnlyInMonitor] }] },
  },
  {
    files: ['src-main/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInHost, koffiOnlyInWorker, usbOnlyInMonitor],
          patterns: [
            { group: ['node:*'], message: 'contract/ is pure TypeScript: the renderer and preload use it.' },
            { group: ['../*', '!./*'], message: 'contract/ imports nothing else from the repo.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInHost, koffiOnlyInWorker, usbOnlyInMonitor],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a sandboxed page: no Node modules.' },
            {
              group: ['**/src-main/contract', '**/src-main/contract/**'],
              allowTypeImports: true,
              message: 'The renderer imports only types from the contract.',
            },
            {
              group: ['**/src-main/**', '!**/src-main/contract', '!**/src-main/contract/**'],
              message: 'The renderer talks to main only through src-renderer/api.ts.',
            },
          ],
        },
      ],
    },
  },
);
