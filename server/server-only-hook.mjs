// `server-only` throws unless resolved with the react-server condition; outside Next it is a no-op.
const EMPTY = new URL('../node_modules/server-only/empty.js', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'server-only') return { url: EMPTY, shortCircuit: true, format: 'commonjs' };
  return next(specifier, context);
}
