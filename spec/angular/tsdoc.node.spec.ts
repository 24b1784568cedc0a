import * as path from 'node:path';
import ts from 'typescript';

// Every export of rx-task-tracker/angular has TSDoc with an example, and so has every
// member of its exported interfaces. (spec/docs/tsdoc.node.spec.ts checks the other two
// entry points the same way, less the examples.)
function lacking(entry: string): string[] {
  const file = path.resolve(entry);
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const missing: string[] = [];
  const hasDoc = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).length > 0;
  const hasExample = (node: ts.Node) => ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'example');
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    for (const declaration of symbol.declarations ?? []) {
      if (!hasDoc(declaration)) missing.push(`${exported.name}: no TSDoc`);
      else if (!hasExample(declaration)) missing.push(`${exported.name}: no @example`);
      if (!ts.isInterfaceDeclaration(declaration)) continue;
      for (const member of declaration.members) if (!hasDoc(member)) missing.push(`${exported.name}.${member.name!.getText()}: no TSDoc`);
    }
  }
  return missing.sort();
}

describe('TSDoc of rx-task-tracker/angular', () => {
  it('documents every export with an example', () => {
    expect(lacking('lib/angular/index.ts')).toEqual([]);
  });
});
