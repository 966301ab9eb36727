// Generated from the route table: the second half of the member routes against each role
// (tests/workers/support/role-matrix.ts), run beside the first half.
import { memberRoutesPart, roleMatrixFor } from "./support/role-matrix";

roleMatrixFor("role matrix, second half", memberRoutesPart(1, 2));
