// The public survey page (/survey/{id}?sig=…): the buyer scores 1–5 and may comment.
// The link's signature is checked by the API; a forged or old link is told so in Chinese.

import './buyer.css'
import { ApiError, call } from './api'
import { $, show } from './dom'
import { stars } from './stars'

interface SurveyView {
  id: string
  shop_name: string
  subject: string
  answered: boolean
  score: number | null
}

const surveyId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '')
const sig = new URLSearchParams(location.search).get('sig') || ''
const base = `/api/v1/surveys/${encodeURIComponent(surveyId)}`

function problem(text: string | null): void {
  $('error').textContent = text ?? ''
  show($('error'), Boolean(text))
}

function done(text: string): void {
  show($('answer'), false)
  $('thanks').textContent = text
  show($('thanks'), true)
}

async function start(): Promise<void> {
  let survey: SurveyView
  try {
    survey = await call<SurveyView>(`${base}?sig=${encodeURIComponent(sig)}`)
  } catch (error) {
    $('lead').textContent = error instanceof ApiError ? error.message : '问卷加载失败，请稍后再试'
    return
  }
  document.title = `满意度回访 · ${survey.shop_name}`
  $('title').textContent = `${survey.shop_name} 满意度回访`
  if (survey.answered) {
    $('lead').textContent = ''
    done(`您已提交过评价（${survey.score} 分），谢谢！`)
    return
  }
  $('lead').textContent = `您的${survey.subject}问题已处理完毕，请为我们的服务打分。`
  const score = stars($('score'), () => problem(null))
  show($('answer'), true)
  $('answer').addEventListener('submit', async (event) => {
    event.preventDefault()
    if (!score()) return problem('请先点击星星选择评分')
    const comment = $<HTMLTextAreaElement>('comment').value.trim() || null
    try {
      await call(`${base}/answer`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sig, score: score(), comment }),
      })
      done('感谢您的评价！我们会继续努力。')
    } catch (error) {
      problem(error instanceof ApiError ? error.message : '提交失败，请稍后再试')
    }
  })
}

void start()
