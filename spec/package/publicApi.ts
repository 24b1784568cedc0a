// The public API as lib/ declares it, read with the compiler: every name each entry
// point of package.json `exports` exports, and every public member of each, wherever
// it is declared (a base class, an interface it extends). The consumer spec writes
// from it a file that touches each of them and type-checks that file against the
// installed package: a member the published declarations lose (on an `@internal`
// base class that `stripInternal` empties, say) is an error there.
import * as path from 'node:path';
import ts from 'typescript';
import { entryPoints, root, type EntryPoint } from '../../scripts/entryPoints.js';

/** One entry point's API. */
export interface EntryApi {
  readonly entry: EntryPoint;
  /** The name of its namespace import in the consumer file, which the touches use (`e0`). */
  readonly namespace: string;
  /** The names it exports at run time (classes, functions, constants), sorted. */
  readonly values: readonly string[];
  /** Every exported name and public member, as expressions and type references on the entry's namespace import. */
  readonly touches: readonly Touch[];
}

/** One line of the consumer file, and what it touches (`TaskTracker#name`, `TaskTracker.builder`, `type TaskSnapshot`). */
export interface Touch {
  readonly code: string;
  readonly what: string;
}

const LIB = path.join(root, 'lib') + path.sep;

/** Reads lib/ with the project's compiler options. */
export function publicApi(): EntryApi[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const entries = entryPoints();
  const program = ts.createProgram(
    entries.map((entry) => path.join(root, entry.source)),
    { ...config.options, noEmit: true },
  );
  const checker = program.getTypeChecker();
  return entries.map((entry, index) => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(path.join(root, entry.source))!)!;
    const namespace = `e${index}`;
    const values: string[] = [];
    const touches: Touch[] = [];
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const name = exported.name;
      const typeOnly = isTypeOnly(checker, exported);
      if (symbol.flags & ts.SymbolFlags.Value && !typeOnly) values.push(name);
      touches.push(...touchesOf(checker, symbol, `${namespace}.${name}`, name, typeOnly));
    }
    return { entry, namespace, values: values.sort(), touches };
  });
}

/** The consumer file: one namespace import per entry point, then every touch. */
export function consumerFile(apis: readonly EntryApi[]): { text: string; what: (line: number) => string } {
  const lines: Touch[] = apis.map((api) => ({ code: `import * as ${api.namespace} from '${api.entry.specifier}';`, what: `import of ${api.entry.specifier}` }));
  apis.forEach((api) => lines.push(...api.touches.map((touch) => ({ ...touch, what: `${api.entry.specifier}: ${touch.what}` }))));
  lines.push({ code: 'export {};', what: 'the end' });
  return { text: `${lines.map((line) => line.code).join('\n')}\n`, what: (line) => lines[line]?.what ?? `line ${line + 1}` };
}

let declared = 0;

/** Exported by `export type` somewhere along its chain of re-exports: a type to users, whatever it is in lib/. */
function isTypeOnly(checker: ts.TypeChecker, exported: ts.Symbol): boolean {
  for (let alias: ts.Symbol | undefined = exported; alias !== undefined && alias.flags & ts.SymbolFlags.Alias; alias = checker.getImmediateAliasedSymbol(alias)) {
    if (alias.declarations?.some((declaration) => ts.isTypeOnlyImportOrExportDeclaration(declaration))) return true;
  }
  return false;
}

/** The lines touching one exported symbol, reached as `reference`, and its members (an instance's only, when `typeOnly`). */
function touchesOf(checker: ts.TypeChecker, symbol: ts.Symbol, reference: string, name: string, typeOnly: boolean): Touch[] {
  const touches: Touch[] = [];
  const typeArguments = (type: ts.Type) => {
    const count = (type as ts.InterfaceType).localTypeParameters?.length ?? 0;
    return count === 0 ? '' : `<${Array(count).fill('any').join(', ')}>`;
  };
  const members = (type: ts.Type, on: string, label: string, skip: ReadonlySet<string> = new Set()) => {
    for (const member of checker.getPropertiesOfType(type)) {
      const access = memberAccess(member);
      if (access === undefined || skip.has(member.name) || !isPublic(member)) continue;
      touches.push({ code: `${on}${access};`, what: `${label}${member.name}` });
    }
  };
  if (symbol.flags & ts.SymbolFlags.Class) {
    const instance = checker.getDeclaredTypeOfSymbol(symbol);
    const variable = `v${declared++}`;
    if (!typeOnly) touches.push({ code: `${reference};`, what: name });
    touches.push({ code: `declare const ${variable}: ${reference}${typeArguments(instance)};`, what: `an instance of ${name}` });
    members(instance, variable, `${name}#`);
    if (!typeOnly) members(checker.getTypeOfSymbol(symbol), reference, `${name}.`, new Set(['prototype']));
  } else if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    const variable = `v${declared++}`;
    touches.push({ code: `declare const ${variable}: ${reference}${typeArgumentsOfAlias(checker, symbol) ?? typeArguments(type)};`, what: `type ${name}` });
    // An object type's members are on every value; a union's are not all on each branch.
    if (type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) members(type, variable, `${name}#`);
  }
  if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Enum) && !typeOnly) {
    touches.push({ code: `${reference};`, what: name });
    if (!(symbol.flags & ts.SymbolFlags.Function)) members(checker.getTypeOfSymbol(symbol), reference, `${name}.`);
  }
  return touches;
}

/** `<any, …>` for a generic type alias, whose parameters the declared type does not carry. */
function typeArgumentsOfAlias(checker: ts.TypeChecker, symbol: ts.Symbol): string | undefined {
  if (!(symbol.flags & ts.SymbolFlags.TypeAlias)) return undefined;
  const count = checker.getDeclaredTypeOfSymbol(symbol).aliasTypeArguments?.length ?? 0;
  return count === 0 ? '' : `<${Array(count).fill('any').join(', ')}>`;
}

/** `.name`, `['a-b']`, `[Symbol.iterator]`; `undefined` for a member no user can name (a private `#x`, a unique symbol). */
function memberAccess(member: ts.Symbol): string | undefined {
  const escaped = member.escapedName as string;
  const wellKnown = /^__@(\w+)@\d+$/.exec(escaped);
  if (wellKnown !== null) return wellKnown[1] in Symbol ? `[Symbol.${wellKnown[1]}]` : undefined;
  if (escaped.startsWith('__#')) return undefined;
  return /^[A-Za-z_$][\w$]*$/.test(member.name) ? `.${member.name}` : `[${JSON.stringify(member.name)}]`;
}

/**
 * A member of the public API: declared in lib/ (not one RxJS's `Observable` or the
 * DOM's `HTMLElement` brings), neither private nor protected, not `_`-named, not
 * tagged `@internal`. The class or interface that declares it may be internal:
 * what counts is that users reach the member.
 */
function isPublic(member: ts.Symbol): boolean {
  if (member.name.startsWith('_')) return false;
  const declarations = member.declarations ?? [];
  if (!declarations.some((declaration) => declaration.getSourceFile().fileName.startsWith(LIB.split(path.sep).join('/')))) return false;
  return declarations.every((declaration) => {
    const flags = ts.getCombinedModifierFlags(declaration);
    return !(flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'internal');
  });
}
