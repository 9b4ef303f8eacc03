"""Shifts and duties (排班与值班): the rota, duties, handovers and auto-replies."""
