export { Atom, atom, sharedAtomsOnThisThread } from "./Atom.js";
export { type AtomCell, LocalCell } from "./AtomCell.js";
export { casEqual, sameValue } from "./equality.js";
export { SharedCell, type SharedAtomData } from "./SharedCell.js";
