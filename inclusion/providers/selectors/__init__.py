"""Every read of the directory goes through these modules, scoped to the acting membership."""
