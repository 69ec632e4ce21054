/** Vite's asset imports: `?url` gives the URL the built app serves the file at. */
declare module '*?url' {
  const url: string;
  export default url;
}
