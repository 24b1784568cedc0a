import * as path from 'node:path';
import ts from 'typescript';
import { CATEGORIES } from '../../scripts/docsSite.js';

// Every public symbol of both entry points carries TSDoc: exported declarations, and the public members of
// exported classes and interfaces (what the d.ts shows: `@internal` and private members are stripped from it).
/** Exports whose TSDoc has no `@category` line, more than one, or one not in CATEGORIES (the API reference's groups). */
function uncategorized(entry: string): string[] {
  const file = path.resolve(entry);
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const wrong: string[] = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const tags = (symbol.declarations ?? []).flatMap((declaration) => {
      const node = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
      return ts.getJSDocTags(node).filter((tag) => tag.tagName.text === 'category');
    });
    const names = tags.map((tag) => (typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? '').trim());
    if (names.length !== 1) wrong.push(`${exported.name}: ${names.length} @category tags`);
    else if (!CATEGORIES.includes(names[0])) wrong.push(`${exported.name}: @category ${names[0]} is not one of ${CATEGORIES.join(', ')}`);
  }
  return wrong.sort();
}

function undocumented(entry: string): string[] {
  const file = path.resolve(entry);
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const missing: string[] = [];
  const hasDoc = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).length > 0;
  const isInternal = (node: ts.Node) => ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal');
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    for (const declaration of symbol.declarations ?? []) {
      const node = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
      if (!hasDoc(node)) missing.push(exported.name);
      if (!ts.isClassDeclaration(declaration) && !ts.isInterfaceDeclaration(declaration)) continue;
      // Overloads count as documented when one signature is.
      const documented = new Set<string>();
      const seen = new Map<string, ts.ClassElement | ts.TypeElement>();
      for (const member of declaration.members) {
        const name = member.name?.getText() ?? (ts.isConstructorDeclaration(member) ? 'constructor' : undefined);
        if (name === undefined || name.startsWith('_') || name.startsWith('#')) continue;
        const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) ?? [] : [];
        if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
        if (modifiers.some((m) => m.kind === ts.SyntaxKind.OverrideKeyword)) continue; // documented where it is declared
        if (ts.isConstructorDeclaration(member) && member.parameters.length === 0) continue;
        if (hasDoc(member) || isInternal(member)) documented.add(name);
        seen.set(name, member);
      }
      for (const name of seen.keys()) if (!documented.has(name)) missing.push(`${exported.name}.${name}`);
    }
  }
  return [...new Set(missing)].sort();
}

describe('TSDoc', () => {
  for (const entry of ['lib/index.ts', 'lib/prometheus/index.ts', 'lib/operators/index.ts', 'lib/angular/index.ts', 'lib/testing/index.ts', 'lib/devtools/index.ts', 'lib/devtools/server/index.ts', 'lib/redis/index.ts', 'lib/node/index.ts']) {
    it(`documents every public symbol of ${entry}`, () => {
      expect(undocumented(entry)).toEqual([]);
    });

    it(`puts every export of ${entry} in one category of the API reference`, () => {
      expect(uncategorized(entry)).toEqual([]);
    });
  }
});
