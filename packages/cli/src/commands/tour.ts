import type { VerbGroup } from "./verb-group";
export const tourVerbs: VerbGroup = () => {};
