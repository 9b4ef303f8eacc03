"""HTTP plumbing shared by every domain's endpoints: the unit of work, access
control and error responses."""
