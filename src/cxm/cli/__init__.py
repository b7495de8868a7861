"""The `cxm` command: a thin layer that parses arguments, calls the services and prints."""
