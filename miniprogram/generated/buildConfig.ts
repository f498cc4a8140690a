/** Build settings. `npm run build:miniprogram -- --server https://…` writes the real values into dist. */
export const BUILD_CONFIG = { serverUrl: 'http://localhost:3000', builtAt: '' };
