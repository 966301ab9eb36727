// Node tests set up and read rows of any organisation behind the API's back: the named bypass.
import { systemAccess } from "../../../db/access";

export const TEST_ACCESS = systemAccess("tests set up and read any organisation's rows behind the API's back");
