// The extension (or npm package) root, found from where this code runs: the
// bundles live in dist/, the compiled tests in out/server/src/io, the sources in server/src/io.
import * as path from 'node:path';

export function packageRoot(): string {
  const here = __dirname;
  if (path.basename(here) === 'dist') return path.dirname(here);
  return path.resolve(here, '..', '..', '..', ...(here.includes(`${path.sep}out${path.sep}`) ? ['..'] : []));
}
