// Renders every LaTeX string of a JSON array (read from the file named by argv[2]) with KaTeX,
// as VS Code's notebook renderer does, and prints a JSON array of [index, error] for those it
// rejects. KaTeX comes from Debian's libjs-katex (argv[3] is the path of katex.js).
const fs = require("fs");
const katex = require(process.argv[3]);
const sources = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const failures = [];
sources.forEach((source, index) => {
  let math = source.trim();
  let display = false;
  if (math.startsWith("$$") && math.endsWith("$$")) { math = math.slice(2, -2); display = true; }
  else if (math.startsWith("$") && math.endsWith("$")) { math = math.slice(1, -1); }
  try {
    katex.renderToString(math, { displayMode: display, throwOnError: true, strict: "error" });
  } catch (e) {
    failures.push([index, String(e.message)]);
  }
});
process.stdout.write(JSON.stringify(failures));
