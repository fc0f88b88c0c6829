import { build } from 'esbuild';

// Test processes run the TypeScript sources as real Node processes: one esbuild setup for all of them.

export type BundleOptions = {
  /**
   * 'external' (default) leaves node_modules packages to be resolved at run time, so the outfile must sit
   * inside the checkout; 'bundle' inlines them and the outfile can go anywhere.
   */
  packages?: 'external' | 'bundle';
  sourcemap?: boolean;
};

/** Bundles `entry` into one ESM file for Node 20 at `outfile`. */
export async function bundleForNode(
  entry: string,
  outfile: string,
  { packages = 'external', sourcemap = false }: BundleOptions = {},
): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap,
    logLevel: 'error',
    ...(packages === 'external'
      ? {
          packages: 'external' as const,
          // CommonJS packages left external still call require() from the ESM bundle.
          banner: {
            js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
          },
        }
      : {}),
  });
}
