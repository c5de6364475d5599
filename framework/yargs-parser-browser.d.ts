// yargs-parser's entry without Node built-ins (no config files, env or path normalising,
// none of which the iim grammar uses): it keeps util and fs out of every script's start-up.
declare module 'yargs-parser/browser' {
  import parse from 'yargs-parser';
  export default parse;
}
