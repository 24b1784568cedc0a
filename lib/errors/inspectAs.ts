/**
 * @internal The key Node's `util.inspect` (and so `console.log`) looks up on an
 * object for a view of its own. A registered symbol: no import of `node:util`, so
 * the core entry stays free of Node built-ins and browsers ignore it.
 */
export const inspectKey: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/**
 * @internal What `util.inspect` shows of one of our objects: `name` and its public
 * `state` (`TaskHandle { id: 'task-1', status: 'running' }`), never the short
 * renamed fields of the published build. `inspect` is the one Node passes.
 */
export function inspectAs(name: string, state: object, depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
  return depth < 0 ? `[${name}]` : `${name} ${inspect(state, options)}`;
}
