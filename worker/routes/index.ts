// Loads every route module; each registers itself in the route table.
import "./health";
import "./auth";
import "./organization";
import "./members";
import "./invites";
import "./api-keys";
import "./accounts";
import "./audit";
import "./phone-numbers";
import "./calls";
import "./debts";
import "./dnc";
import "./account-import";
import "./segments";
import "./campaigns";
import "./campaign-report";
import "./campaign-preview";
