// Asset imports Vite resolves at build time (`?url` gives the emitted file's URL, same origin).
declare module '*?url' {
  const url: string;
  export default url;
}

/** A stylesheet imported for its effect (Vite injects it); dynamic imports of one need a type too. */
declare module '*.css' {}
