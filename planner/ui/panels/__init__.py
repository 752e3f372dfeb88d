"""The window's panels, one class per module, each bound to the plan state through the window's hub."""
