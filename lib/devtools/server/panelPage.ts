/** @internal The HTML of the panel page: the panel bundle follows the stream at `source`. */
export function panelPage(script: string, source: string): string {
  const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rx-task-tracker devtools</title>
<style>body { margin: 12px; background: #eef1f6; }</style>
</head>
<body>
<task-tracker-devtools source="${attr(source)}"></task-tracker-devtools>
<script src="${attr(script)}"></script>
</body>
</html>
`;
}
