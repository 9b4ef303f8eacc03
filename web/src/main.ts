import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { ElLoading } from 'element-plus'
import 'element-plus/dist/index.css'
import './app/global.css'
import App from './App.vue'
import { router } from './router'
import { onLoginExpired } from './kit/http'
import { useAuth } from './app/auth'

const app = createApp(App)
app.use(createPinia())
app.use(router)
app.use(ElLoading)

// A login that runs out mid-work lands on the login page with a Chinese notice, then back here.
onLoginExpired(() => {
  const auth = useAuth()
  auth.remember(null)
  const here = router.currentRoute.value
  if (here.name !== 'login') void router.replace({ name: 'login', query: { expired: '1', next: here.fullPath } })
})

app.mount('#app')
