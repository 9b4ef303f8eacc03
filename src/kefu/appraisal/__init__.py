"""The monthly appraisal (月度考核): KPIs against targets, work quality from QC, skills from the lead."""
