import type { VerbGroup } from "./verb-group";
export const benchVerbs: VerbGroup = () => {};
