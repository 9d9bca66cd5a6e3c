// kimdoc: small enhancements; every page works without this file.
