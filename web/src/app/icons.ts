// The sidebar's icons by name: a short list, so the bundle carries only these.
import {
  Bell, Calendar, ChatDotRound, Checked, Collection, DataAnalysis, DataLine, Document, Files, Finished,
  Headset, List, Memo, Monitor, Notebook, Promotion, Setting, ShoppingCart, Star, Tickets,
  TrendCharts, User, UserFilled, Warning,
  Box, Connection, Tools, WarningFilled,
} from '@element-plus/icons-vue'
// 绩效考核 and 培训 (appraisal, training)
import { Aim, EditPen, Medal, Opportunity, Reading, Trophy } from '@element-plus/icons-vue'
import type { Component } from 'vue'

export const ICONS: Record<string, Component> = {
  Bell, Calendar, ChatDotRound, Checked, Collection, DataAnalysis, DataLine, Document, Files, Finished,
  Headset, List, Memo, Monitor, Notebook, Promotion, Setting, ShoppingCart, Star, Tickets,
  TrendCharts, User, UserFilled, Warning,
  Box, Connection, Tools, WarningFilled,
  Aim, EditPen, Medal, Opportunity, Reading, Trophy,
}
