// One bundle for the shared runtime: the custom functions and the task pane share the session and its cache.
import "./functions/register";
import "./taskpane/taskpane";
