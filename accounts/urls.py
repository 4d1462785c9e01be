from django.urls import URLPattern, path

from accounts import views

app_name = "accounts"
urlpatterns: list[URLPattern] = [
    path("login/", views.login_view, name="login"),
    path("login/enrol/", views.enrol_view, name="enrol"),
    path("login/verify/", views.verify_view, name="verify"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_view, name="password"),
]
