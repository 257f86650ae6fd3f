// Who we are, taken from package.json when the bundle is built: the name, the version, and the one
// repository URL from which the project page and every document's public address are derived
// (SARIF helpUri and informationUri; vsce derives the package's README links from the same field).
import { version, repository } from '../../../package.json';

export const TOOL_NAME = 'ndis-offload-lint';
export const PRODUCT_VERSION: string = version;

/** The project page, e.g. https://github.com/OWNER/REPO (package.json repository.url without git+ and .git). */
export const REPOSITORY_URL: string = repository.url.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/+$/, '');

/** The public address of a file of the repository (`docs/rules/x.md`), on its default branch. */
export function publicFileUrl(relativePath: string): string {
  return `${REPOSITORY_URL}/blob/HEAD/${relativePath.split('/').map(encodeURIComponent).join('/')}`;
}
