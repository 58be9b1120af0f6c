import { authorizationMatrixMarkdown } from './authorization-matrix';

// Prints the authorization matrix as markdown, for the README's "Authorization matrix" section:
//   node --import tsx tests/support/print-authorization-matrix.ts
process.stdout.write(`${authorizationMatrixMarkdown()}\n`);
