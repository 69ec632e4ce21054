/**
 * Argument schemas shared by the namespaces' parts of the contract: the empty argument
 * object, a path the user chose, ids, an EPSG code, a finite number. Each part builds its
 * methods' schemas from these and its own.
 */
import { z } from 'zod';

/** No arguments (unknown keys are refused, as everywhere). */
export const empty = z.object({}).strict();
/** A path the user chose (Electron dialog); the handlers check it against `allowPath`. */
export const userPath = z.string().min(1).max(4096);
/** A catalogue layer id. */
export const layerId = z.string().min(1).max(64);
/** An id inside the model document (an indicator). */
export const modelId = z.string().min(1).max(64);
export const epsg = z.number().int().min(1024).max(999_999);
export const finite = z.number().finite();
