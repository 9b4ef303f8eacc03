"""The monthly appraisal (月度考核): KPIs against targets, QC quality, the lead's skills score."""
