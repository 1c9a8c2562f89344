# 默认主题 brochure 的界面文字（简体中文）。
# 与 locales/en/theme.ftl 的消息键必须完全一致。
# 中文不区分单复数：数字参数直接插入，不使用选择器。

## 页面头部与导航

meta-description-default = 上海理工大学中外合作办学简介：合作院校、办学项目、发展历程与发展目标。
skip-to-content = 跳到主要内容
nav-main = 主导航
nav-home = 首页
language-switcher = 选择语言
switcher-untranslated = （本页暂无此语言版本，链接指向该语言首页）
# 某页暂无本语言版本时显示在页首；$language：原文语言的名称
fallback-notice = 本页暂无中文版本，以下为原文（{ $language }）。
breadcrumb = 当前位置
toc = 本页目录
prevnext = 上一页与下一页
previous = 上一页
next = 下一页

## 页面信息

published = 发布日期：{ $date }
reading-time = 阅读约需{ $count }分钟
pages-in-section = 本栏目内容
subsections = 下级栏目
explore-sections = 栏目导览

## 数据图表

key-figures = 主要数据
# $label：数据名称；$value：数值（四位数不分节，与正文“2664人”一致）；$unit：每个图标代表的数量
figure-chart-title = { $label }：{ NUMBER($value, useGrouping: "false") }（图中每个图标代表{ $unit }）
figure-unit-legend = 每个图标代表{ $unit }
founding-partners = 创始合作院校
partners-total = 外方合作院校共{ $count }所
timeline = 时间轴
# $first、$last：起止年份（以文本传入，不加千位分隔符）；$count：节点数
timeline-chart-title = 时间轴：{ $first }年至{ $last }年的{ $count }个重要节点
timeline-gap = 相隔{ $count }年
goals-heading = 目标一览
goal-chart-title = { $label }：{ $fraction }

## 页脚

back-to-top = 返回顶部

## 404 页面

notfound-title = 页面未找到
notfound-text = 抱歉，您要访问的页面不存在，或已被移动。
notfound-home = 返回首页
notfound-sections = 您可以浏览以下栏目

## 双语入口页

landing-enter = 进入中文版

## 印刷版手册（public/print/brochure.*.html）

print-subtitle = 简介
# 单语版本在封面和标题中标明的版本名
print-edition = 中文版
print-edition-bilingual = 中英对照版
print-toc = 目录
# 数据图表中的数值：不加千位分隔符，与正文“2664人”的写法一致
print-figure-value = { NUMBER($value, useGrouping: "false") }
# 正文中指向本手册其他章节的链接后，印刷版自动加注页码：前缀 + 页码 + 后缀
print-page-ref-before = （第
print-page-ref-after = 页）

## 默认站点文案修订（copy）

# 网站“主要数据”卡片中的数值：不加千位分隔符，与正文“2664人”的写法一致
figure-value = { NUMBER($value, useGrouping: "false") }

## 标识、手机菜单与印刷版（issue 11: chrome）

nav-menu = 菜单
# 指向 identity.parent_url 的链接，见页眉与页脚
main-site = 返回主站
contact-phone = 电话
contact-email = 邮箱
editions-title = 宣传册打印与下载
# 本页语言的版本
edition-own = 中文版
edition-bilingual = 中英对照版
# 三种以上语言的网站中两种语言对照的版本；$first、$second 为语言名称
edition-pair = { $first }–{ $second }对照版
edition-html = 网页版（单个文件）

# dates, feeds and share cards (issue 12)
updated-on = 更新日期：{ $date }
pager-label = 分页
pager-previous = 上一页
pager-next = 下一页
pager-status = 第{ $current }页，共{ $total }页

# ---- 印刷版封底（issue 11 第 3 点：可交付印刷厂的 PDF） ----
# 封底二维码的替代文字
print-back-qr = 网站二维码：{ $url }
# 二维码下的说明
print-back-scan = 扫码访问网站
# 版本日期：年份为文字，月份为数字
print-back-date = { $year }年{ $month }月
# 封底联系方式的标签
print-contact-address = 地址
print-contact-phone = 电话
print-contact-email = 邮箱
print-contact-url = 网址

# ---- 搜索（issue 14） ----
search-label = 搜索本站
search-placeholder = 搜索
search-results = 搜索结果
# 找到的页面数；# 代表数字
search-count-one = 找到 # 个页面
search-count-other = 找到 # 个页面
search-no-results = 没有找到结果，请换个词或减少词语再试。
search-error = 搜索暂时无法使用。
