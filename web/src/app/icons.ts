// The sidebar's icons by name: a short list, so the bundle carries only these.
import {
  Bell, Calendar, ChatDotRound, Checked, Collection, DataAnalysis, DataLine, Document, Files, Finished,
  Headset, List, Memo, Monitor, Notebook, Promotion, Setting, ShoppingCart, Star, Tickets,
  TrendCharts, User, UserFilled, Warning,
} from '@element-plus/icons-vue'
import type { Component } from 'vue'

export const ICONS: Record<string, Component> = {
  Bell, Calendar, ChatDotRound, Checked, Collection, DataAnalysis, DataLine, Document, Files, Finished,
  Headset, List, Memo, Monitor, Notebook, Promotion, Setting, ShoppingCart, Star, Tickets,
  TrendCharts, User, UserFilled, Warning,
}
