/**
 * @internal The key Node's `util.inspect` (and so `console.log`) looks up on an
 * object for a view of its own. A registered symbol: no import of `node:util`, so
 * the core entry stays free of Node built-ins and browsers ignore it.
 */
export const inspectKey: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/** One class per name, so that Node prints the name before the fields. */
const views: Record<string, new () => object> = {};

/**
 * @internal What `util.inspect` shows of one of our objects: its public `state`
 * under the class's `name` (`TaskHandle { id: 'task-1', status: 'running' }`),
 * never its internal fields. Node formats it as any object (depth, colours,
 * nesting).
 */
export function inspectAs(name: string, state: object): object {
  return Object.assign(new (views[name] ??= { [name]: class {} }[name])(), state);
}
